package dev.capstan.core.admission;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionKind;
import io.fabric8.kubernetes.api.model.GroupVersionResource;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** AdmissionReview request bodies as the apiserver sends them, for tests. */
public final class Reviews {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private Reviews() {}

  public static ConfigMap configMap(String name, Map<String, String> data) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("team-a")
        .endMetadata()
        .withData(data)
        .build();
  }

  public static AdmissionRequest request(String uid, String operation, Object object, Object old) {
    AdmissionRequest request = new AdmissionRequest();
    request.setUid(uid);
    request.setKind(new GroupVersionKind("", "ConfigMap", "v1"));
    request.setResource(new GroupVersionResource("", "configmaps", "v1"));
    request.setRequestKind(new GroupVersionKind("", "ConfigMap", "v1"));
    request.setRequestResource(new GroupVersionResource("", "configmaps", "v1"));
    request.setName("cm");
    request.setNamespace("team-a");
    request.setOperation(operation);
    UserInfo user = new UserInfo();
    user.setUsername("alice");
    user.setGroups(List.of("system:authenticated"));
    request.setUserInfo(user);
    request.setObject(object);
    request.setOldObject(old);
    request.setDryRun(false);
    return request;
  }

  public static byte[] body(AdmissionRequest request) {
    AdmissionReview review = new AdmissionReview();
    review.setApiVersion("admission.k8s.io/v1");
    review.setKind("AdmissionReview");
    review.setRequest(request);
    return JSON.asJson(review).getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] create(String uid, Object object) {
    return body(request(uid, "CREATE", object, null));
  }

  public static AdmissionReview response(HttpReply reply) {
    return JSON.unmarshal(reply.bodyText(), AdmissionReview.class);
  }
}
