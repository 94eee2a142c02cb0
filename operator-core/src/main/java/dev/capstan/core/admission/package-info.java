/**
 * Admission webhooks: pure decisions behind a thin, transport-free handler, an embeddable HTTPS
 * server, self-managed TLS and a webhook-configuration builder.
 *
 * <h2>Layers</h2>
 *
 * <ul>
 *   <li>{@link dev.capstan.core.admission.Validator} and {@link dev.capstan.core.admission.Mutator}
 *       decide on a decoded {@link dev.capstan.core.admission.WebhookRequest}; they return a {@link
 *       dev.capstan.core.admission.Decision} or a {@link dev.capstan.core.admission.Mutation} and
 *       never see JSON, HTTP or TLS, so unit tests call them directly.
 *   <li>{@link dev.capstan.core.admission.AdmissionHandler} turns bytes into a decision and back:
 *       it decodes {@code admission.k8s.io/v1} AdmissionReview, dispatches by path, turns a mutated
 *       object into a JSON Patch and answers with the request's uid. It does no I/O.
 *   <li>{@link dev.capstan.core.admission.server.WebhookServer} serves a handler over HTTPS
 *       (Vert.x) with hot-swappable key material.
 *   <li>{@link dev.capstan.core.admission.tls} keeps a CA and serving certificate in a Secret,
 *       rotates them and injects the CA bundle into the webhook configurations.
 *   <li>{@link dev.capstan.core.admission.config.WebhookConfigurations} builds the
 *       Mutating/ValidatingWebhookConfiguration objects with safe defaults.
 *   <li>{@link dev.capstan.core.admission.runtime.ServingWebhook} ties certificates and server into
 *       one controller's webhook lifecycle (start, URL and CA bundle, drained stop).
 * </ul>
 *
 * <h2>Why not {@code io.javaoperatorsdk:kubernetes-webhooks-framework-core}</h2>
 *
 * Version 3.0.0 (evaluated for this package; built on fabric8 7.1) offers {@code Validator<T>}
 * ({@code void validate(T, T, Operation) throws NotAllowedException}), {@code Mutator<T>} ({@code T
 * mutate(T, Operation)}) and an {@code AdmissionController} that maps a fabric8 {@code
 * AdmissionReview} to a response. It does not give the decision the request's user, namespace,
 * dry-run flag or sub-resource, cannot return warnings or audit annotations, signals denial by
 * exception, and has no HTTP server, TLS handling or webhook configuration; the project has been
 * quiet since January 2025. What it does offer (the diff into a JSON Patch) is a few lines on top
 * of fabric8's {@code zjsonpatch}, which this package uses directly. fabric8 supplies the wire
 * model ({@code io.fabric8.kubernetes.api.model.admission.v1}) and the admissionregistration model,
 * both used here.
 */
package dev.capstan.core.admission;
