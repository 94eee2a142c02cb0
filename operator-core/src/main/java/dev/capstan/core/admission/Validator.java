package dev.capstan.core.admission;

/**
 * A validating webhook's decision: a pure function of the request. It must be fast (the apiserver
 * waits for it within {@code timeoutSeconds}), free of side effects (the webhook is registered with
 * {@code sideEffects: None}, so dry-run requests reach it too) and deterministic. An exception is
 * turned into a denial with code 500 by the framework.
 *
 * @param <T> the type {@code object} and {@code oldObject} are decoded to: a fabric8 model class, a
 *     custom resource class, {@code GenericKubernetesResource} or Jackson's {@code JsonNode} for
 *     the raw tree (useful when unknown fields matter)
 */
@FunctionalInterface
public interface Validator<T> {

  Decision validate(WebhookRequest<T> request);
}
