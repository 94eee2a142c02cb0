package dev.capstan.core.admission;

/**
 * A mutating webhook's decision: returns the object as it should be stored (or unchanged, or a
 * denial); the framework computes the JSON Patch. {@code request.object()} is a private copy: the
 * mutator may change it in place and return it. Mutations must be idempotent, since webhooks are
 * registered with {@code reinvocationPolicy: IfNeeded} by default and may see their own output. An
 * exception is turned into a denial with code 500 by the framework.
 *
 * @param <T> the type {@code object} and {@code oldObject} are decoded to (see {@link Validator})
 */
@FunctionalInterface
public interface Mutator<T> {

  Mutation<T> mutate(WebhookRequest<T> request);
}
