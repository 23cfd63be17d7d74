package io.apigrants.server.rpc;

import io.apigrants.v1.UserSecurityGrpc;

/** UserSecurity: a user's own grants and secrets. Methods not yet built answer UNIMPLEMENTED. */
public final class UserSecurityService extends UserSecurityGrpc.UserSecurityImplBase {}
