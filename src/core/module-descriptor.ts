import type { ModuleName } from '@libs/config';
import type { AgentSkill } from '@libs/contracts';

/** What a feature module tells the platform about itself: its card, and the routes it owns. */
export interface ModuleDescriptor {
  name: ModuleName;
  title: string;
  description: string;
  /** Route prefixes served by this module; the gateway forwards them to the owner in split mode. */
  routePrefixes: string[];
  /** Skills the module's A2A card lists. `live: false` marks a skill whose issue has not landed yet. */
  skills: Array<AgentSkill & { live: boolean }>;
  /** Local servers this module needs in embedded mode; the core starts them when a hosted module asks. */
  needs?: Array<'chroma'>;
}
