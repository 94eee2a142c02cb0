package dev.capstan.core.admission;

import io.fabric8.kubernetes.api.model.GroupVersionKind;
import io.fabric8.kubernetes.api.model.GroupVersionResource;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import java.util.Objects;

/**
 * What a {@link Validator} or {@link Mutator} decides on: the decoded {@code request} of an
 * AdmissionReview, with {@code object} and {@code oldObject} already converted to {@code T}.
 *
 * <p>fabric8's {@code AdmissionRequest} carries the objects as untyped {@code Object}s and is a
 * mutable bean; this record is typed, immutable in its metadata and easy to build in a unit test
 * ({@link #of(Operation, Object, Object)} and the {@code with…} methods).
 *
 * @param uid the request uid, echoed in the response by the framework
 * @param kind the kind of the object as the webhook was registered for it (may be null in tests)
 * @param resource the resource being requested (may be null in tests)
 * @param subResource the sub-resource, or null
 * @param name the object's name; may be empty on CREATE with {@code generateName}
 * @param namespace the namespace, or null for cluster-scoped objects
 * @param operation the operation
 * @param userInfo who made the request (may be null in tests)
 * @param object the new object: null on DELETE (and for some CONNECT requests). For a mutator it is
 *     a private copy the mutator may change in place.
 * @param oldObject the existing object on UPDATE and DELETE, else null
 * @param dryRun true when the request will not be persisted: decisions must not have side effects
 * @param <T> the type the objects are decoded to
 */
public record WebhookRequest<T>(
    String uid,
    GroupVersionKind kind,
    GroupVersionResource resource,
    String subResource,
    String name,
    String namespace,
    Operation operation,
    UserInfo userInfo,
    T object,
    T oldObject,
    boolean dryRun) {

  public WebhookRequest {
    Objects.requireNonNull(operation, "operation");
  }

  /** A request for unit tests: the given operation and objects, everything else empty. */
  public static <T> WebhookRequest<T> of(Operation operation, T object, T oldObject) {
    return new WebhookRequest<>(
        "test-uid", null, null, null, null, null, operation, null, object, oldObject, false);
  }

  public WebhookRequest<T> withNamespace(String newNamespace) {
    return new WebhookRequest<>(
        uid,
        kind,
        resource,
        subResource,
        name,
        newNamespace,
        operation,
        userInfo,
        object,
        oldObject,
        dryRun);
  }

  public WebhookRequest<T> withName(String newName) {
    return new WebhookRequest<>(
        uid,
        kind,
        resource,
        subResource,
        newName,
        namespace,
        operation,
        userInfo,
        object,
        oldObject,
        dryRun);
  }

  public WebhookRequest<T> withUserInfo(UserInfo newUserInfo) {
    return new WebhookRequest<>(
        uid,
        kind,
        resource,
        subResource,
        name,
        namespace,
        operation,
        newUserInfo,
        object,
        oldObject,
        dryRun);
  }

  public WebhookRequest<T> withDryRun(boolean newDryRun) {
    return new WebhookRequest<>(
        uid,
        kind,
        resource,
        subResource,
        name,
        namespace,
        operation,
        userInfo,
        object,
        oldObject,
        newDryRun);
  }

  public WebhookRequest<T> withSubResource(String newSubResource) {
    return new WebhookRequest<>(
        uid,
        kind,
        resource,
        newSubResource,
        name,
        namespace,
        operation,
        userInfo,
        object,
        oldObject,
        dryRun);
  }
}
