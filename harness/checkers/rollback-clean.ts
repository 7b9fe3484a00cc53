import { observedEndT } from '../history/derive.js';
import { defineChecker, EvidenceList } from './define-checker.js';
import { windowsOf } from './deploy-windows.js';

/**
 * A bad version is caught and rolled back with no client impact. Per `rollback` window (its targets
 * are the bad pods): a violation for each bad pod that was recorded `ready`, each client welcomed by a
 * bad pod, each other pod SIGTERMed or killed inside the window (the rollout went on), and each bad
 * pod not gone (`killed`/`exited`) by the window's end. Unknown when the history has no rollback, or
 * no bad pod was started in it.
 */
export const rollbackClean = defineChecker(
  {
    id: 'rollback-clean',
    title: 'Bad version rolled back cleanly',
    unit: 'violations',
    comparison: '<=',
    needs: ['pod-identity'],
    defaultThreshold: 0,
    source: 'Rollback Procedure: the bad version is undone; the previous version keeps serving',
  },
  (history) => {
    const windows = windowsOf(history, ['rollback']);
    if (windows.length === 0) return { value: null, error: 'no rollback in the history' };
    const endT = observedEndT(history);
    const evidence = new EvidenceList();
    let started = 0;
    let rolledBack = 0;
    for (const w of windows) {
      const bad = new Set(w.targets.filter((t) => t.kind === 'pod').map((t) => t.name));
      const gone = new Set<string>();
      const startedHere = new Set<string>();
      for (const e of history) {
        if (e.t < w.startT) continue;
        if (e.t > Math.min(endT, w.endT)) break;
        if (e.type === 'pod.state') {
          if (bad.has(e.pod)) {
            if (e.state === 'started') {
              started += 1;
              startedHere.add(e.pod);
            }
            if (e.state === 'ready')
              evidence.add({ pod: e.pod, t: e.t, summary: `bad version ${e.pod} became ready at t=${e.t}` });
            if (e.state === 'killed' || e.state === 'exited') gone.add(e.pod);
          } else if (e.state === 'terminating' || e.state === 'killed') {
            evidence.add({
              pod: e.pod,
              t: e.t,
              summary: `${e.pod} was ${e.state === 'killed' ? 'killed' : 'terminated'} at t=${e.t} during ${w.id}`,
            });
          }
        } else if (e.type === 'client.attach' && bad.has(e.pod)) {
          evidence.add({
            client: e.client,
            pod: e.pod,
            t: e.t,
            summary: `${e.client} was served by bad version ${e.pod} at t=${e.t}`,
          });
        }
      }
      for (const pod of startedHere) {
        if (gone.has(pod)) rolledBack += 1;
        else
          evidence.add({ pod, t: w.endT, summary: `bad version ${pod} still there at the end of ${w.id}` });
      }
    }
    return {
      value: evidence.total,
      evidence,
      details: { rollbacks: windows.length, badPodsStarted: started, rolledBack },
      ...(started === 0 ? { error: 'no bad pod was started in the rollback window' } : {}),
    };
  },
);
