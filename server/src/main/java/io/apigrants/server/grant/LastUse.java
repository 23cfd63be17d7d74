package io.apigrants.server.grant;

import java.time.Instant;
import java.util.UUID;

/** When a grant's secret last verified, and from which client IP (canonical text). */
public record LastUse(UUID grantId, Instant time, String clientIp) {}
