import type { CompiledNsg } from './compiled-nsg.ts';
import type { Note } from './note.ts';

export type LevelName = 'subnet' | 'nic';

export interface NsgRef {
  id: string;
  name: string;
  level: LevelName;
  /** What the NSG is attached to (the subnet's or the NIC's name). */
  attachedTo: string;
  /** False when the snapshot lacks the NSG: the association is known, its rules are not. */
  inSnapshot: boolean;
}

/**
 * One of the two places an NSG can filter a NIC's traffic. There is zero or one NSG per subnet and
 * per NIC (network-security-group-how-it-works.md); a level without one lets everything through.
 */
export type Level =
  | { kind: 'none'; level: LevelName; attachedTo: string }
  | { kind: 'nsg'; level: LevelName; ref: NsgRef; compiled: CompiledNsg }
  /** The snapshot lacks what decides this level: the subnet, or the NSG (then `ref` names it). */
  | { kind: 'unknown'; level: LevelName; why: Note; ref?: NsgRef | undefined };
