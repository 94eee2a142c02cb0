/**
 * How the network controller runs: CDI producers that plug operator-core's operations pieces into
 * Quarkus and QOSDK (the API client with request metrics, JOSDK metrics with the reconcile
 * histogram, the Event recorder, leader election) and the controller's settings. A copy of the
 * workload controllers' runtime package; no reconcile logic lives here.
 */
package dev.capstan.network.runtime;
