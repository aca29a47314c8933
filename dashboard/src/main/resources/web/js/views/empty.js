// The empty state: no telemetry in the range. It tells the user what to do rather than showing
// empty charts: where the gateway's OTLP goes and which resource attributes the job expects.

import {h} from '../dom.js';
import * as fmt from '../format.js';

/** The panel shown when the store holds no cells for the window. */
export function emptyState(win) {
  const code = (text) => h('pre', {class: 'code'}, text);
  return h('div', {class: 'page'},
    h('div', {class: 'panel empty-state', id: 'empty-state'},
      h('div', {class: 'empty-icon', 'aria-hidden': 'true'}, '◌'),
      h('h2', {}, 'No gateway telemetry in this range yet'),
      h('p', {}, `Nothing was stored between ${fmt.minute(win.fromMs)} and `
        + `${fmt.minute(win.toMs)} UTC. Send Envoy AI Gateway's OpenTelemetry metrics and access `
        + 'logs to the job\'s OTLP/gRPC receiver (port 4317 by default):'),
      code('OTEL_EXPORTER_OTLP_ENDPOINT=http://<job-host>:4317\n'
        + 'OTEL_EXPORTER_OTLP_PROTOCOL=grpc\n'
        + 'OTEL_RESOURCE_ATTRIBUTES=job_name=envoy-ai-gateway,service.layer=ENVOY_AI_GATEWAY'),
      h('p', {}, 'Running locally? ', h('code', {}, 'java -jar local-runner/target/local-runner.jar '
        + '--demo'), ' sends simulated traffic. A minute shows up here about a minute after it '
        + 'ends (once the job has closed it).'),
      h('p', {class: 'muted'}, 'Data older than this range? Pick a longer range above.')));
}
