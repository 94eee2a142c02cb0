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
  verbs: [get, list]
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
{{- end -}}

{{- define "capstan.rules.security" -}}
{{- end -}}
