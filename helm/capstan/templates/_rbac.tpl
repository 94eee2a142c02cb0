{{/*
The API access each controller uses, and nothing more: no wildcard verbs, resources or groups (a chart test checks
it). The workload rules are exactly what the Application reconciler and its dependents call; the end-to-end test
runs the controller with this ServiceAccount's token to prove they are enough.
*/}}

{{- define "capstan.rules.common" -}}
# Leader election and Events, for every controller.
- apiGroups: [coordination.k8s.io]
  resources: [leases]
  verbs: [get, list, watch, create, update, patch]
- apiGroups: [events.k8s.io]
  resources: [events]
  verbs: [create, patch, update, get, list, watch]
- apiGroups: [""]
  resources: [events]
  verbs: [create, patch]
# The operator checks at start-up that its CRDs are installed.
- apiGroups: [apiextensions.k8s.io]
  resources: [customresourcedefinitions]
  verbs: [get, list]
{{- end -}}

{{- define "capstan.rules.workloads" -}}
- apiGroups: [workloads.capstan.dev]
  resources: [applications]
  verbs: [get, list, watch]
- apiGroups: [workloads.capstan.dev]
  resources: [applications/status]
  verbs: [get, patch, update]
- apiGroups: [apps]
  resources: [deployments]
  verbs: [get, list, watch, create, patch, update, delete]
- apiGroups: [""]
  resources: [configmaps, services]
  verbs: [get, list, watch, create, patch, update, delete]
{{- end -}}

{{- define "capstan.rules.storage" -}}
{{- end -}}

{{- define "capstan.rules.network" -}}
# Intents: read and watch; TrafficRules also get a finalizer (its cleanup deletes policies in other namespaces).
- apiGroups: [network.capstan.dev]
  resources: [namespacepostures, connectivitychecks]
  verbs: [get, list, watch]
- apiGroups: [network.capstan.dev]
  resources: [trafficrules]
  verbs: [get, list, watch, patch]
# Status is server-side applied.
- apiGroups: [network.capstan.dev]
  resources: [namespacepostures/status, trafficrules/status, connectivitychecks/status]
  verbs: [get, patch]
# Generated policies: server-side apply (create and patch), pruning; every policy is read for lint and checks.
- apiGroups: [networking.k8s.io]
  resources: [networkpolicies]
  verbs: [get, list, watch, create, patch, delete]
# Informer caches of what policies select and checks evaluate.
- apiGroups: [""]
  resources: [namespaces, pods]
  verbs: [list, watch]
{{- end -}}

{{- define "capstan.rules.security" -}}
{{- end -}}
