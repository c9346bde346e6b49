import type { DirListings } from '../util/fs.js';
import type { Workspace } from '../project/model.js';
import type { Capability } from './define-rule.js';
import type { AuditServices } from './services.js';

/** What the caller of an audit allows and how it wants to be told about long work. */
export interface PrepareOptions {
  /** Use only cached or shipped data; never touch the network. */
  offline: boolean;
  /** Revalidate cached registry and advisory data even when it looks fresh. */
  refresh: boolean;
  /** Read and analyze Rust sources. */
  sources: boolean;
  /** Fetch license data from the crates.io API (opt-in: it is slow and rate-limited). */
  licenses: boolean;
  /** Ids of the rules that will run; subsystems skip work only other rules need. All when absent. */
  ruleIds?: ReadonlySet<string>;
  /** Progress messages for long work ("fetching index 12/300"); called only on a TTY. */
  progress?: (message: string) => void;
  /** Directory listings the workspace load read (see util/fs.ts), for the source walk to reuse. */
  listings?: DirListings;
}

/** A subsystem that contributes services and the capabilities they provide. */
export interface Preparation {
  services: Partial<AuditServices>;
  capabilities: Capability[];
}

export type Preparer = (workspace: Workspace, options: PrepareOptions) => Promise<Preparation>;
