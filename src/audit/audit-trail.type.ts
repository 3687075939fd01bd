import { Field, Int, ObjectType } from 'type-graphql';
import type { ChainVerification } from './audit-chain-verifier';
import type { SignedCheckpoint } from './checkpoint-signer';

@ObjectType('AuditVerification')
export class AuditVerification {
  @Field() ok!: boolean;
  @Field(() => Int) eventsChecked!: number;
  @Field(() => Int, { nullable: true, description: 'Seq of the first event whose hash or link does not verify; null when ok.' })
  firstBrokenSeq!: number | null;
  @Field(() => Int) headSeq!: number;
  @Field() headHash!: string;
  @Field(() => Int, { description: 'Signed checkpoints whose signature, key and head were checked.' })
  checkpointsChecked!: number;
  @Field(() => String, { nullable: true, description: 'What failed, in words; null when ok.' })
  problem!: string | null;

  static from(v: ChainVerification): AuditVerification {
    return Object.assign(new AuditVerification(), v);
  }
}

@ObjectType('AuditCheckpoint', { description: "An Ed25519 signature over RFC 8785 JSON of {seq, headHash, at}: the chain's head at seq." })
export class AuditCheckpoint {
  @Field(() => Int) seq!: number;
  @Field() headHash!: string;
  @Field({ description: 'Exactly as signed: ISO 8601, UTC, milliseconds.' }) at!: string;
  @Field({ description: 'Base64.' }) signature!: string;
  @Field({ description: "The signer's public key: base64 of its DER SubjectPublicKeyInfo." }) publicKey!: string;
  @Field({ description: 'First 16 hex digits of SHA-256 over the public key bytes.' }) keyId!: string;

  static from(c: SignedCheckpoint): AuditCheckpoint {
    return Object.assign(new AuditCheckpoint(), c);
  }
}
