// The federation operations and their answers, as the console uses them.
import type { AggregateFunction } from '../api/types';

export type PeerStatus = 'UNKNOWN' | 'OK' | 'UNREACHABLE' | 'UNAUTHORIZED';

export interface Peer {
  id: string;
  name: string;
  url: string;
  tokenPrefix: string;
  status: PeerStatus;
  lastCheckedAt: string | null;
  createdAt: string;
}

const PEER_FIELDS = 'id name url tokenPrefix status lastCheckedAt createdAt';

export const PEERS = `query Peers { peers { ${PEER_FIELDS} } }`;

export const REGISTER_PEER = `mutation RegisterPeer($input: RegisterPeerInput!) { registerPeer(input: $input) { ${PEER_FIELDS} } }`;

export const REMOVE_PEER = `mutation RemovePeer($id: ID!) { removePeer(id: $id) { ${PEER_FIELDS} } }`;

export const FEDERATED_AGGREGATE = `mutation FederatedAggregate($input: FederatedAggregateInput!) {
  federatedAggregate(input: $input) {
    federatedQueryId complete executedAt
    groups { key values { function column bin value errorBound95 mechanism sumPart countPart } }
    parts { peer { id name status } agreementId errorCode errorMessage
      result { queryId cached epsilonSpent budget { epsilonRemaining } } }
  }
}`;

export interface FederatedValue {
  function: AggregateFunction;
  column: string | null;
  bin: string | null;
  value: number;
  errorBound95: number;
  mechanism: string;
  sumPart: number | null;
  countPart: number | null;
}

export interface FederatedPart {
  peer: { id: string; name: string; status: PeerStatus } | null;
  agreementId: string;
  errorCode: string | null;
  errorMessage: string | null;
  result: { queryId: string; cached: boolean; epsilonSpent: number; budget: { epsilonRemaining: number } } | null;
}

export interface FederatedResult {
  federatedQueryId: string;
  complete: boolean;
  executedAt: string;
  groups: { key: (string | null)[]; values: FederatedValue[] }[];
  parts: FederatedPart[];
}

export interface FederatedAggregateInput {
  parts: { peerId: string | null; agreementId: string }[];
  aggregations: { function: AggregateFunction; column?: string }[];
  groupBy: string[];
  epsilon: number;
}
