package dev.capstan.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiRequestTest {

  @ParameterizedTest(name = "{0} {1} -> {3} {4}/{5}/{6}")
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      value = {
        "GET   | /api/v1/namespaces/ns/pods/p                                   | null | get              | ''                  | pods         | ''",
        "GET   | /api/v1/namespaces/ns/pods                                     | null | list             | ''                  | pods         | ''",
        "GET   | /api/v1/namespaces/ns/pods?watch=true&resourceVersion=5        | null | watch            | ''                  | pods         | ''",
        "GET   | /api/v1/watch/namespaces/ns/pods                               | null | watch            | ''                  | pods         | ''",
        "GET   | /apis/apps/v1/deployments                                      | null | list             | apps                | deployments  | ''",
        "POST  | /apis/events.k8s.io/v1/namespaces/ns/events                    | application/json | create | events.k8s.io | events | ''",
        "PUT   | /apis/coordination.k8s.io/v1/namespaces/ns/leases/l            | application/json | update | coordination.k8s.io | leases | ''",
        "PATCH | /apis/apps/v1/namespaces/ns/deployments/d?fieldManager=x&force=true | application/apply-patch+yaml | apply | apps | deployments | ''",
        "PATCH | /apis/workloads.capstan.dev/v1alpha1/namespaces/ns/applications/a/status | application/apply-patch+yaml | apply | workloads.capstan.dev | applications | status",
        "PATCH | /apis/events.k8s.io/v1/namespaces/ns/events/e                  | application/merge-patch+json | patch | events.k8s.io | events | ''",
        "DELETE| /api/v1/namespaces/ns/configmaps/c                             | null | delete           | ''                  | configmaps   | ''",
        "DELETE| /api/v1/namespaces/ns/configmaps                               | null | deletecollection | ''                  | configmaps   | ''",
        "GET   | /api/v1/namespaces                                             | null | list             | ''                  | namespaces   | ''",
        "GET   | /api/v1/namespaces/ns                                          | null | get              | ''                  | namespaces   | ''",
        "PUT   | /api/v1/namespaces/ns/finalize                                 | null | update           | ''                  | namespaces   | finalize",
        "GET   | /api/v1/nodes/n1                                               | null | get              | ''                  | nodes        | ''",
        "POST  | /apis/authorization.k8s.io/v1/selfsubjectrulesreviews         | application/json | create | authorization.k8s.io | selfsubjectrulesreviews | ''",
        "GET   | /version                                                       | null | get              | ''                  | ''           | ''",
        "GET   | /apis/apps/v1                                                  | null | get              | ''                  | ''           | ''",
      })
  void parsesLikeTheApiServer(
      String method,
      String uri,
      String contentType,
      String verb,
      String group,
      String resource,
      String subresource) {
    assertThat(ApiRequest.parse(method, URI.create(uri), contentType))
        .isEqualTo(new ApiRequest(verb, group, resource, subresource));
  }

  @ParameterizedTest
  @CsvSource({"200,2xx", "201,2xx", "304,3xx", "404,4xx", "422,4xx", "503,5xx", "0,unknown"})
  void codeClasses(int code, String expected) {
    assertThat(ApiRequest.codeClass(code)).isEqualTo(expected);
  }
}
