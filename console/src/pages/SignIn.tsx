import { useState, type FormEvent } from 'react';
import { signIn } from '../lib/api';
import { ProblemAlert, useAction } from '../lib/ui';

export function SignIn() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, problem, run } = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(() => signIn(email, password));
  };
  return (
    <main id="main" className="signin">
      <form onSubmit={submit} aria-labelledby="signin-title" className="card">
        <h1 id="signin-title">Sign in</h1>
        <p className="muted">Agentic AI Acceleration console</p>
        <label>
          Email
          <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Password
          <input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <ProblemAlert problem={problem} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
