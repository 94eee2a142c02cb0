/**
 * How the workload controllers run: CDI producers that plug operator-core's operations pieces into
 * Quarkus and QOSDK — the API client with request metrics, JOSDK metrics with the reconcile
 * histogram, the Event recorder, and leader election. No reconcile logic lives here.
 */
package dev.capstan.workloads.runtime;
