import type { PlatformApi } from '@agentic/sdk';

export type AgentCard = Record<string, unknown> & { name?: string; description?: string; version?: string; skills?: unknown[] };
export type Skill = PlatformApi.AgentSkillDto;

const SKILL_FIELDS = new Set(['id', 'name', 'description', 'tags', 'examples']);

/** What the edit form holds that shows on the card. */
export interface CardDraft {
  name: string;
  description: string;
  brain: string;
  skills: Skill[];
}

/**
 * The card the agent will publish once the draft is saved: the saved card (interfaces, security, provider stay as the
 * platform serves them) with the draft's name, description and skills, described the way the platform's card builder
 * does (a fallback description, examples always listed, one "general" skill when there is none), and the version the
 * save will bring (the agent version after the `+` goes up by one).
 */
export function previewCard(saved: AgentCard, draft: CardDraft): AgentCard {
  const name = draft.name.trim() || saved.name || '';
  const description = draft.description.trim();
  // The served card's wire form may give every skill more (empty) fields, e.g. inputModes: new skills get them too.
  const first = saved.skills?.[0];
  const template =
    first && typeof first === 'object'
      ? Object.fromEntries(
          Object.entries(first as Record<string, unknown>)
            .filter(([key]) => !SKILL_FIELDS.has(key))
            .map(([key, value]) => [key, Array.isArray(value) ? [] : value]),
        )
      : {};
  const skills = (
    draft.skills.length
      ? draft.skills.map((s) => ({ id: s.id, name: s.name, description: s.description, tags: s.tags, examples: s.examples ?? [] }))
      : [{ id: 'general', name, description: description || name, tags: [draft.brain], examples: [] }]
  ).map((skill) => ({ ...template, ...skill }));
  return {
    ...saved,
    name,
    description: description || `${name} (an agent of Agentic AI Acceleration)`,
    version: nextVersion(saved.version),
    skills,
  };
}

/** `1.4.0+3` → `1.4.0+4`; anything else is left alone. */
export function nextVersion(version: string | undefined): string | undefined {
  const match = version?.match(/^(.*\+)(\d+)$/);
  return match ? `${match[1]}${Number(match[2]) + 1}` : version;
}

/**
 * Skills from the form's lines, `name: description #tag #tag`; blank lines skipped. A name the agent already has keeps
 * that skill's id and examples; a new one gets an id made from its name.
 */
export function parseSkills(text: string, existing: Skill[] = []): Skill[] {
  const known = new Map(existing.map((s) => [s.name, s]));
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [head, ...rest] = line.split(':');
      const body = rest.join(':');
      const tags = [...body.matchAll(/#([\w.-]+)/g)].map((m) => m[1]);
      const name = head.trim();
      const before = known.get(name);
      const id = before?.id ?? (name.replace(/[^\w.-]+/g, '-').slice(0, 100) || 'skill');
      const description = body.replace(/#[\w.-]+/g, '').trim() || name;
      return { id, name, description, tags: tags.length ? tags : [id], ...(before?.examples ? { examples: before.examples } : {}) };
    });
}

/** The inverse of parseSkills, for filling the form from a saved agent. */
export function formatSkills(skills: Skill[]): string {
  return skills.map((s) => `${s.name}: ${s.description}${s.tags.map((t) => ` #${t}`).join('')}`).join('\n');
}
