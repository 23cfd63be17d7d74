package io.apigrants.server.rpc;

import io.apigrants.v1.GrantAdminGrpc;

/** GrantAdmin: what an Org Security Admin does. Methods not yet built answer UNIMPLEMENTED. */
public final class GrantAdminService extends GrantAdminGrpc.GrantAdminImplBase {}
