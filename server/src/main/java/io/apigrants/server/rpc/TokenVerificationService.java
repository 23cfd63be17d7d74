package io.apigrants.server.rpc;

import io.apigrants.v1.TokenVerificationGrpc;

/** TokenVerification: internal services checking credentials. Unbuilt methods: UNIMPLEMENTED. */
public final class TokenVerificationService
    extends TokenVerificationGrpc.TokenVerificationImplBase {}
