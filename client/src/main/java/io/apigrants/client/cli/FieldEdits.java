package io.apigrants.client.cli;

import com.google.protobuf.FieldMask;
import java.util.function.BiConsumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The fields an edit command was given: each flag that is present is set on the resource and
 * named in the update mask, so that the server leaves every other field as it is.
 */
final class FieldEdits<B> {
  private final B resource;
  private final FieldMask.Builder mask = FieldMask.newBuilder();

  FieldEdits(B resource) {
    this.resource = resource;
  }

  /** Sets the field {@code path} with {@code setter} when its flag was given, i.e. not null. */
  <V> FieldEdits<B> set(String path, V value, BiConsumer<B, V> setter) {
    if (value != null) {
      setter.accept(resource, value);
      mask.addPaths(path);
    }
    return this;
  }

  /** The resource builder, with the given fields set. */
  B resource() {
    return resource;
  }

  /** The update mask; an edit that gives no field is a usage error saying {@code nothingGiven}. */
  FieldMask mask(CommandSpec command, String nothingGiven) {
    if (mask.getPathsCount() == 0) {
      throw new ParameterException(command.commandLine(), nothingGiven);
    }
    return mask.build();
  }
}
