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
  resources: [deployments, statefulsets, daemonsets]
  verbs: [get, list, watch, create, patch, update, delete]
- apiGroups: [batch]
  resources: [jobs, cronjobs]
  verbs: [get, list, watch, create, patch, update, delete]
- apiGroups: [""]
  resources: [configmaps, services]
  verbs: [get, list, watch, create, patch, update, delete]
- apiGroups: [networking.k8s.io]
  resources: [ingresses]
  verbs: [get, list, watch, create, patch, update, delete]
- apiGroups: [autoscaling]
  resources: [horizontalpodautoscalers]
  verbs: [get, list, watch, create, patch, update, delete]
- apiGroups: [policy]
  resources: [poddisruptionbudgets]
  verbs: [get, list, watch, create, patch, update, delete]
# Shared claims are created and resized, never deleted by the controller (they hold data).
- apiGroups: [""]
  resources: [persistentvolumeclaims]
  verbs: [get, list, watch, create, patch, update]
# Automatic rollback: while a new Deployment or StatefulSet revision rolls out, its pods are listed to
# see whether they crash-loop (no watch: a list per reconcile, only during a rollout). After a StatefulSet
# rollback, its pods stuck on the failed revision are deleted (UID precondition) so they are recreated.
- apiGroups: [apps]
  resources: [replicasets]
  verbs: [list]
- apiGroups: [""]
  resources: [pods]
  verbs: [list, delete]
# A spec's runtimeClassName is checked before rolling out (a GET, no watch).
- apiGroups: [node.k8s.io]
  resources: [runtimeclasses]
  verbs: [get]
{{- end -}}

{{- define "capstan.rules.storage" -}}
# StorageBackend reconciler (JOSDK adds its finalizer; status by server-side apply).
- apiGroups: [storage.capstan.dev]
  resources: [storagebackends]
  verbs: [get, list, watch, patch, update]
- apiGroups: [storage.capstan.dev]
  resources: [storagebackends/status]
  verbs: [get, patch, update]
# The CSIDriver object and the StorageClasses it publishes (server-side apply; a class whose immutable fields
# changed is deleted and re-created). The provisioner watches classes too.
- apiGroups: [storage.k8s.io]
  resources: [csidrivers]
  verbs: [get, create, patch]
- apiGroups: [storage.k8s.io]
  resources: [storageclasses]
  verbs: [get, list, watch, create, patch, delete]
# Provisioner: claims (in-flight finalizer, selected-node removal), PVs (create, delete, finalizer removal),
# topology from CSINode + Node labels, provisioner secrets, VolumeAttachments that block a delete.
- apiGroups: [""]
  resources: [persistentvolumeclaims]
  verbs: [get, list, watch, patch]
- apiGroups: [""]
  resources: [persistentvolumes]
  verbs: [get, list, watch, create, patch, delete]
- apiGroups: [storage.k8s.io]
  resources: [csinodes]
  verbs: [get, list, watch]
- apiGroups: [""]
  resources: [nodes]
  verbs: [get]
- apiGroups: [""]
  resources: [secrets]
  verbs: [get]
# Attacher: VolumeAttachments (finalizer, node-id annotation, status) and the PV finalizer.
- apiGroups: [storage.k8s.io]
  resources: [volumeattachments]
  verbs: [get, list, watch, patch]
- apiGroups: [storage.k8s.io]
  resources: [volumeattachments/status]
  verbs: [patch]
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
{{- if .Values.webhook.networkPolicyLint.enabled }}
{{- $name := include "capstan.controllerName" (dict "root" . "key" "network") }}
# The lint webhook: a namespace its cache has not seen yet (one GET); caBundle injection into the chart's own
# configuration (selfManaged certificates), nothing else.
- apiGroups: [""]
  resources: [namespaces]
  verbs: [get]
- apiGroups: [admissionregistration.k8s.io]
  resources: [validatingwebhookconfigurations]
  resourceNames: [{{ $name }}]
  verbs: [get, patch]
{{- end }}
{{- end -}}

{{- define "capstan.rules.security" -}}
{{- $name := include "capstan.controllerName" (dict "root" . "key" "security") -}}
# Policies: the webhooks' informer and the status reconciler (server-side apply of the status).
- apiGroups: [security.capstan.dev]
  resources: [podsecuritypolicies]
  verbs: [get, list, watch]
- apiGroups: [security.capstan.dev]
  resources: [podsecuritypolicies/status]
  verbs: [get, patch, update]
# The status audit reads running pods from a watch; namespace labels for namespaceSelectors (a GET on a cache miss).
- apiGroups: [""]
  resources: [pods]
  verbs: [list, watch]
- apiGroups: [""]
  resources: [namespaces]
  verbs: [get, list, watch]
# The PSP-compatible RBAC binding: may this service account or user "use" the policy?
- apiGroups: [authorization.k8s.io]
  resources: [subjectaccessreviews]
  verbs: [create]
# caBundle injection into the chart's own webhook configurations (selfManaged certificates), nothing else.
- apiGroups: [admissionregistration.k8s.io]
  resources: [mutatingwebhookconfigurations, validatingwebhookconfigurations]
  resourceNames: [{{ $name }}]
  verbs: [get, patch]
{{- end -}}

{{/*
Rules limited to the release namespace (a Role), per controller; empty for none.
*/}}
{{- define "capstan.namespacedRules.workloads" -}}
{{- end -}}

{{- define "capstan.namespacedRules.storage" -}}
{{- end -}}

{{- define "capstan.namespacedRules.network" -}}
{{- if .Values.webhook.networkPolicyLint.enabled }}
{{- $name := include "capstan.controllerName" (dict "root" . "key" "network") }}
# The lint webhook's self-managed CA and serving certificate (as the security controller's).
- apiGroups: [""]
  resources: [secrets]
  verbs: [create]
- apiGroups: [""]
  resources: [secrets]
  resourceNames: [{{ $name }}-webhook-tls]
  verbs: [get, update, delete]
{{- end }}
{{- end -}}

{{- define "capstan.namespacedRules.security" -}}
{{- $name := include "capstan.controllerName" (dict "root" . "key" "security") -}}
# The self-managed webhook CA and serving certificate. A create cannot be limited to a name (RBAC does not know it
# before the object exists); everything else is limited to this one Secret.
- apiGroups: [""]
  resources: [secrets]
  verbs: [create]
- apiGroups: [""]
  resources: [secrets]
  resourceNames: [{{ $name }}-webhook-tls]
  verbs: [get, update, delete]
{{- end -}}
