import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { PlatformApi } from '@agentic/sdk';
import { api, call, socketUrl, toProblem, type ProblemDetails } from '../lib/api';
import { Link } from '../lib/router';
import { ProblemAlert, useLoad } from '../lib/ui';

interface Message {
  role: 'user' | 'agent';
  text: string;
  state?: string;
  taskId?: string;
}

/**
 * Chat with one agent: the question goes to POST /api/agents/:id/execute; the answer streams in over the
 * WebSocket /a2a/message/stream (the agent's `text` deltas), and the execute response settles it.
 */
export default function AgentChat({ params }: { params: Record<string, string> }) {
  const id = params.id;
  const agent = useLoad(() => call<PlatformApi.AgentDto>(api.getAgent(id)), [id]);
  const [messages, setMessages] = useState<Message[]>([]);
  const [input, setInput] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ProblemDetails | null>(null);
  const contextId = useRef<string | undefined>(undefined);
  const socket = useRef<WebSocket | null>(null);
  const [live, setLive] = useState(false);

  useEffect(() => {
    const ws = new WebSocket(socketUrl('/a2a/message/stream', { agentId: id }));
    socket.current = ws;
    ws.onopen = () => setLive(true);
    ws.onclose = () => setLive(false);
    ws.onmessage = (message) => {
      const event = JSON.parse(String(message.data)) as { kind?: string; text?: string; state?: string; taskId?: string };
      if (event.kind !== 'text' || !event.text) return;
      setMessages((all) => {
        const last = all[all.length - 1];
        if (!last || last.role !== 'agent' || last.state !== 'streaming') return all;
        return [...all.slice(0, -1), { ...last, text: last.text + event.text }];
      });
    };
    return () => ws.close();
  }, [id]);

  const send = async (event: FormEvent) => {
    event.preventDefault();
    const text = input.trim();
    if (!text) return;
    setInput('');
    setBusy(true);
    setProblem(null);
    setMessages((all) => [...all, { role: 'user', text }, { role: 'agent', text: '', state: 'streaming' }]);
    try {
      const result = await call<PlatformApi.ExecutionResultDto>(api.executeAgent(id, { input: text, contextId: contextId.current }));
      contextId.current = result.contextId;
      setMessages((all) => [...all.slice(0, -1), { role: 'agent', text: result.output, state: result.state, taskId: result.taskId }]);
    } catch (error) {
      setProblem(toProblem(error));
      setMessages((all) => all.slice(0, -1));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="chat-title" className="chat">
      <p>
        <Link to="/agents">← Agents</Link> · <Link to={`/agents/${id}/edit`}>Edit</Link> · <Link to={`/agents/${id}/runs`}>Runs</Link>
      </p>
      <h1 id="chat-title">{agent.data?.name ?? 'Agent'}</h1>
      <ProblemAlert problem={agent.problem} />
      {agent.data ? (
        <p className="muted">
          {agent.data.description || agent.data.brain}
          {agent.data.model ? ` · ${agent.data.model.provider}/${agent.data.model.modelId}` : ''} · stream {live ? 'connected' : 'offline'}
        </p>
      ) : null}
      <ol className="messages" aria-live="polite" aria-label="Conversation">
        {messages.map((m, i) => (
          <li key={i} className={`message ${m.role}`} data-state={m.state}>
            <span className="sr-only">{m.role === 'user' ? 'You' : 'Agent'}: </span>
            {m.text || (m.state === 'streaming' ? '…' : '')}
          </li>
        ))}
      </ol>
      <ProblemAlert problem={problem} />
      <form className="row" onSubmit={(e) => void send(e)}>
        <label className="grow">
          Message
          <textarea
            rows={2}
            value={input}
            onChange={(e) => setInput(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey) {
                e.preventDefault();
                e.currentTarget.form?.requestSubmit();
              }
            }}
          />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          Send
        </button>
      </form>
    </section>
  );
}
