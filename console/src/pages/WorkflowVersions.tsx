import { useState } from 'react';
import type { PlatformApi } from '@agentic/sdk';
import { api, call } from '../lib/api';
import { Link } from '../lib/router';
import { Pager, ProblemAlert, useLoad } from '../lib/ui';
import { WorkflowNav } from '../lib/workflow-nav';

/** `/workflows/:id/versions`: every version, newest first; an older one opens read-only in the designer. */
export default function WorkflowVersions({ params }: { params: Record<string, string> }) {
  const workflowId = params.id;
  const workflow = useLoad(() => call<PlatformApi.WorkflowResponseDto>(api.getWorkflow(workflowId)), [workflowId]);
  const versions = useLoad(() => call<PlatformApi.WorkflowVersionDto[]>(api.listWorkflowVersions(workflowId)), [workflowId]);
  const current = workflow.data?.version;
  const [offset, setOffset] = useState(0);
  const LIMIT = 20;
  return (
    <section aria-labelledby="versions-title">
      <p>
        <Link to="/workflows">← Workflows</Link>
      </p>
      <h1 id="versions-title">Versions of {workflow.data?.name ?? 'workflow'}</h1>
      <WorkflowNav id={workflowId} current="versions" />
      <ProblemAlert problem={workflow.problem ?? versions.problem} />
      <table data-testid="versions">
        <caption className="sr-only">Versions, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Steps</th>
            <th scope="col">Saved</th>
          </tr>
        </thead>
        <tbody>
          {versions.data?.slice(offset, offset + LIMIT).map((v) => {
            const steps = ((v.definition.steps as Array<{ id: string }> | undefined) ?? []).map((s) => s.id);
            return (
              <tr key={v.version} data-version={v.version}>
                <th scope="row">
                  {v.version === current ? (
                    <Link to={`/workflows/${workflowId}`}>Version {v.version} (current)</Link>
                  ) : (
                    <Link to={`/workflows/${workflowId}/versions/${v.version}`}>Version {v.version}</Link>
                  )}
                </th>
                <td className="small">
                  {steps.length}: {steps.slice(0, 8).join(', ')}
                  {steps.length > 8 ? '…' : ''}
                </td>
                <td className="small">{new Date(v.createdAt).toLocaleString()}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <Pager offset={offset} limit={LIMIT} total={versions.data?.length} onChange={setOffset} />
    </section>
  );
}
