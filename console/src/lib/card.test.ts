import { describe, expect, it } from 'vitest';
import { formatSkills, nextVersion, parseSkills, previewCard } from './card';

const saved = {
  name: 'helper',
  description: 'Old words',
  version: '0.1.0+3',
  supportedInterfaces: [{ url: 'http://x/a2a/agents/1', protocolBinding: 'JSONRPC', protocolVersion: '1.0' }],
  skills: [{ id: 'helpdesk', name: 'helpdesk', description: 'helpdesk', tags: ['helpdesk'], examples: [], inputModes: ['text/plain'] }],
};

describe('agent card preview', () => {
  it('keeps what the platform serves and takes name, description and skills from the draft, with the next version', () => {
    const card = previewCard(saved, {
      name: 'helper',
      description: 'Answers billing questions',
      brain: 'llm',
      skills: [{ id: 'billing', name: 'billing', description: 'Invoices', tags: ['billing', 'finance'] }],
    });
    expect(card).toEqual({
      ...saved,
      description: 'Answers billing questions',
      version: '0.1.0+4',
      // The served skills' extra wire fields come along, empty.
      skills: [{ id: 'billing', name: 'billing', description: 'Invoices', tags: ['billing', 'finance'], examples: [], inputModes: [] }],
    });
  });

  it('describes an agent without words or skills the way the card builder does', () => {
    const card = previewCard(saved, { name: 'quiet', description: '  ', brain: 'echo', skills: [] });
    expect(card.description).toBe('quiet (an agent of Agentic AI Acceleration)');
    expect(card.skills).toEqual([{ id: 'general', name: 'quiet', description: 'quiet', tags: ['echo'], examples: [], inputModes: [] }]);
  });

  it('bumps only a version with an agent revision', () => {
    expect([nextVersion('1.2.3+9'), nextVersion('1.2.3'), nextVersion(undefined)]).toEqual(['1.2.3+10', '1.2.3', undefined]);
  });
});

describe('skill lines', () => {
  it('parses name: description #tags, keeping the id and examples of a skill the agent has', () => {
    const existing = [{ id: 'help-v1', name: 'Help desk', description: 'x', tags: ['x'], examples: ['How do I log in?'] }];
    expect(parseSkills('Help desk: Answers questions #support #faq\n\n  Billing & refunds: money: back  \nbare', existing)).toEqual([
      { id: 'help-v1', name: 'Help desk', description: 'Answers questions', tags: ['support', 'faq'], examples: ['How do I log in?'] },
      { id: 'Billing-refunds', name: 'Billing & refunds', description: 'money: back', tags: ['Billing-refunds'] },
      { id: 'bare', name: 'bare', description: 'bare', tags: ['bare'] },
    ]);
  });

  it('formats skills back into lines that parse to the same skills', () => {
    const skills = [
      { id: 'helpdesk', name: 'helpdesk', description: 'helpdesk', tags: ['helpdesk'] },
      { id: 's2', name: 'Second', description: 'Does more', tags: ['a', 'b'], examples: ['e'] },
    ];
    expect(parseSkills(formatSkills(skills), skills)).toEqual(skills);
  });
});
