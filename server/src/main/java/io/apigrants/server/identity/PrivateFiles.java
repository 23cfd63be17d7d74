package io.apigrants.server.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes key material readable by the owner only. */
public final class PrivateFiles {
  private PrivateFiles() {}

  /**
   * Creates {@code file} with owner-only permissions; fails if it exists, so two servers
   * starting at once cannot overwrite each other's key.
   */
  public static void write(Path file, String content) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: fall back to the platform's default permissions.
      Files.createFile(file);
    }
    Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
  }
}
