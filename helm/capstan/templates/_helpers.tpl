{{/* Capstan chart helpers. */}}

{{- define "capstan.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "capstan.labels" -}}
app.kubernetes.io/part-of: capstan
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* The module (and image) name of a controller key. */}}
{{- define "capstan.module" -}}
{{- $modules := dict "workloads" "workload-controllers" "storage" "storage-csi-controller" "network" "network-policy-controller" "security" "security-policy-controller" -}}
{{- get $modules . -}}
{{- end -}}

{{/* Name of a controller's objects: <release>-<module>, at most 63 characters. */}}
{{- define "capstan.controllerName" -}}
{{- printf "%s-%s" .root.Release.Name (include "capstan.module" .key) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "capstan.selectorLabels" -}}
app.kubernetes.io/name: {{ include "capstan.module" .key }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "capstan.image" -}}
{{- $root := .root -}}
{{- $tag := default $root.Chart.AppVersion $root.Values.image.tag -}}
{{- $repo := printf "%s/%s" $root.Values.image.repository (include "capstan.module" .key) -}}
{{- if $root.Values.image.registry -}}
{{- printf "%s/%s:%s" $root.Values.image.registry $repo $tag -}}
{{- else -}}
{{- printf "%s:%s" $repo $tag -}}
{{- end -}}
{{- end -}}

{{/*
A webhook clientConfig: the webhook Service, or in development mode the base URL (.url, default devMode.webhookUrl)
+ path.
*/}}
{{- define "capstan.webhookClientConfig" -}}
{{- if .root.Values.devMode.enabled }}
url: {{ printf "%s%s" (trimSuffix "/" (.url | default .root.Values.devMode.webhookUrl)) .path }}
{{- else }}
service:
  namespace: {{ .root.Release.Namespace }}
  name: {{ .name }}-webhook
  port: 443
  path: {{ .path }}
{{- end }}
{{- end -}}

{{/* The security controller's webhook settings (capstan.security.webhook.*) for a pod. */}}
{{- define "capstan.securityWebhookEnv" -}}
- name: CAPSTAN_SECURITY_WEBHOOK_PORT
  value: {{ .root.Values.webhook.port | quote }}
- name: CAPSTAN_SECURITY_WEBHOOK_SERVICE
  value: {{ .name }}-webhook
- name: CAPSTAN_SECURITY_WEBHOOK_CONFIGURATION_NAME
  value: {{ .name }}
- name: CAPSTAN_SECURITY_WEBHOOK_TIMEOUT_SECONDS
  value: {{ .root.Values.webhook.timeoutSeconds | quote }}
# Keep answering for a moment after SIGTERM, until the Service no longer routes to this pod.
- name: CAPSTAN_SECURITY_WEBHOOK_SHUTDOWN_DRAIN
  value: 5s
{{- if eq .root.Values.webhook.certificates.mode "certManager" }}
- name: CAPSTAN_SECURITY_WEBHOOK_TLS_MODE
  value: mounted
{{- else }}
- name: CAPSTAN_SECURITY_WEBHOOK_TLS_MODE
  value: self-managed
- name: CAPSTAN_SECURITY_WEBHOOK_TLS_SECRET
  value: {{ .name }}-webhook-tls
{{- end }}
{{- end -}}

{{/* The network controller's lint webhook settings (capstan.network.webhook.*) for a pod. */}}
{{- define "capstan.networkWebhookEnv" -}}
{{- $lint := .root.Values.webhook.networkPolicyLint }}
- name: CAPSTAN_NETWORK_WEBHOOK_ENABLED
  value: {{ $lint.enabled | quote }}
{{- if $lint.enabled }}
- name: CAPSTAN_NETWORK_WEBHOOK_PORT
  value: {{ .root.Values.webhook.port | quote }}
- name: CAPSTAN_NETWORK_WEBHOOK_SERVICE
  value: {{ .name }}-webhook
- name: CAPSTAN_NETWORK_WEBHOOK_CONFIGURATION_NAME
  value: {{ .name }}
- name: CAPSTAN_NETWORK_WEBHOOK_TIMEOUT_SECONDS
  value: {{ $lint.timeoutSeconds | quote }}
{{- if eq .root.Values.webhook.certificates.mode "certManager" }}
- name: CAPSTAN_NETWORK_WEBHOOK_TLS_MODE
  value: mounted
{{- else }}
- name: CAPSTAN_NETWORK_WEBHOOK_TLS_MODE
  value: self-managed
- name: CAPSTAN_NETWORK_WEBHOOK_TLS_SECRET
  value: {{ .name }}-webhook-tls
{{- end }}
{{- end }}
{{- end -}}
