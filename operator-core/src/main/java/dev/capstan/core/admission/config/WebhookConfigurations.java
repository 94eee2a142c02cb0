package dev.capstan.core.admission.config;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfigBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Builds Validating- and MutatingWebhookConfigurations from {@link WebhookSpec}s, pure. fabric8
 * gives the builders but every field is optional there; this fills in, explicitly, what keeps a
 * webhook from hurting the cluster:
 *
 * <ul>
 *   <li>a {@code namespaceSelector} that always exempts the operator's own namespace, {@code
 *       kube-system} and {@code kube-node-lease} ({@code kubernetes.io/metadata.name NotIn [...]},
 *       a label the apiserver sets and users cannot change), added to any selector of the spec, so
 *       a broken or unreachable webhook can never block the operator's own pods or the control
 *       plane's;
 *   <li>{@code sideEffects: None}, {@code admissionReviewVersions: [v1]}, {@code matchPolicy:
 *       Equivalent}, and the spec's {@code timeoutSeconds}, {@code failurePolicy} and (mutating)
 *       {@code reinvocationPolicy}, always written;
 *   <li>a client config by service reference (in cluster) or URL (local mode), with the CA bundle
 *       or cert-manager's {@code cert-manager.io/inject-ca-from} annotation.
 * </ul>
 *
 * Break glass: webhook configurations are not subject to webhooks, so deleting them always restores
 * admission.
 */
public final class WebhookConfigurations {

  /** The namespace-name label every namespace carries (set by the apiserver, immutable). */
  public static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

  /** Namespaces no Capstan webhook ever intercepts, besides the operator's own. */
  public static final List<String> SYSTEM_NAMESPACES = List.of("kube-system", "kube-node-lease");

  public static final String CERT_MANAGER_INJECT_CA_FROM = "cert-manager.io/inject-ca-from";

  private final String operatorNamespace;
  private final List<String> extraExemptNamespaces;
  private final Map<String, String> labels;
  private final String serviceNamespace;
  private final String serviceName;
  private final int servicePort;
  private final String url;
  private final String caBundlePem;
  private final String injectCaFrom;

  private WebhookConfigurations(Builder builder) {
    this.operatorNamespace = builder.operatorNamespace;
    this.extraExemptNamespaces = List.copyOf(builder.exemptNamespaces);
    this.labels = Map.copyOf(builder.labels);
    this.serviceNamespace = builder.serviceNamespace;
    this.serviceName = builder.serviceName;
    this.servicePort = builder.servicePort;
    this.url = builder.url;
    this.caBundlePem = builder.caBundlePem;
    this.injectCaFrom = builder.injectCaFrom;
  }

  /** Configurations for the webhooks of an operator running in {@code operatorNamespace}. */
  public static Builder forOperator(String operatorNamespace) {
    return new Builder(operatorNamespace);
  }

  /** The namespaces no webhook built here intercepts. */
  public List<String> exemptNamespaces() {
    TreeSet<String> exempt = new TreeSet<>(SYSTEM_NAMESPACES);
    exempt.add(operatorNamespace);
    exempt.addAll(extraExemptNamespaces);
    return List.copyOf(exempt);
  }

  public ValidatingWebhookConfiguration validating(String name, WebhookSpec... webhooks) {
    List<ValidatingWebhook> built = new ArrayList<>();
    for (WebhookSpec spec : webhooks) {
      built.add(
          new ValidatingWebhookBuilder()
              .withName(spec.name())
              .withClientConfig(clientConfig(spec))
              .withRules(spec.rules())
              .withFailurePolicy(spec.failurePolicy().wire())
              .withTimeoutSeconds(spec.timeoutSeconds())
              .withSideEffects("None")
              .withAdmissionReviewVersions("v1")
              .withMatchPolicy("Equivalent")
              .withNamespaceSelector(namespaceSelector(spec.namespaceSelector()))
              .withObjectSelector(spec.objectSelector())
              .withMatchConditions(spec.matchConditions().isEmpty() ? null : spec.matchConditions())
              .build());
    }
    return new ValidatingWebhookConfigurationBuilder()
        .withMetadata(metadata(name))
        .withWebhooks(built)
        .build();
  }

  public MutatingWebhookConfiguration mutating(String name, WebhookSpec... webhooks) {
    List<MutatingWebhook> built = new ArrayList<>();
    for (WebhookSpec spec : webhooks) {
      built.add(
          new MutatingWebhookBuilder()
              .withName(spec.name())
              .withClientConfig(clientConfig(spec))
              .withRules(spec.rules())
              .withFailurePolicy(spec.failurePolicy().wire())
              .withTimeoutSeconds(spec.timeoutSeconds())
              .withSideEffects("None")
              .withAdmissionReviewVersions("v1")
              .withMatchPolicy("Equivalent")
              .withReinvocationPolicy(spec.reinvocationPolicy().wire())
              .withNamespaceSelector(namespaceSelector(spec.namespaceSelector()))
              .withObjectSelector(spec.objectSelector())
              .withMatchConditions(spec.matchConditions().isEmpty() ? null : spec.matchConditions())
              .build());
    }
    return new MutatingWebhookConfigurationBuilder()
        .withMetadata(metadata(name))
        .withWebhooks(built)
        .build();
  }

  /** {@code extra} (may be null) with the exemption requirement added to its expressions. */
  public LabelSelector namespaceSelector(LabelSelector extra) {
    LabelSelectorRequirement exemption =
        new LabelSelectorRequirementBuilder()
            .withKey(NAMESPACE_NAME_LABEL)
            .withOperator("NotIn")
            .withValues(exemptNamespaces())
            .build();
    List<LabelSelectorRequirement> expressions = new ArrayList<>();
    Map<String, String> matchLabels = null;
    if (extra != null) {
      if (extra.getMatchExpressions() != null) {
        expressions.addAll(extra.getMatchExpressions());
      }
      if (extra.getMatchLabels() != null && !extra.getMatchLabels().isEmpty()) {
        matchLabels = new LinkedHashMap<>(extra.getMatchLabels());
      }
    }
    expressions.add(exemption);
    return new LabelSelectorBuilder()
        .withMatchLabels(matchLabels)
        .withMatchExpressions(expressions)
        .build();
  }

  private WebhookClientConfig clientConfig(WebhookSpec spec) {
    WebhookClientConfigBuilder config = new WebhookClientConfigBuilder();
    if (url != null) {
      config.withUrl(url + spec.path());
    } else {
      config
          .withNewService()
          .withNamespace(serviceNamespace)
          .withName(serviceName)
          .withPort(servicePort)
          .withPath(spec.path())
          .endService();
    }
    if (caBundlePem != null) {
      config.withCaBundle(
          Base64.getEncoder().encodeToString(caBundlePem.getBytes(StandardCharsets.UTF_8)));
    }
    return config.build();
  }

  private ObjectMeta metadata(String name) {
    ObjectMetaBuilder metadata = new ObjectMetaBuilder().withName(name);
    if (!labels.isEmpty()) {
      metadata.withLabels(new LinkedHashMap<>(labels));
    }
    if (injectCaFrom != null) {
      metadata.addToAnnotations(CERT_MANAGER_INJECT_CA_FROM, injectCaFrom);
    }
    return metadata.build();
  }

  /** Settings shared by the configurations of one operator. */
  public static final class Builder {
    private final String operatorNamespace;
    private final List<String> exemptNamespaces = new ArrayList<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private String serviceNamespace;
    private String serviceName;
    private int servicePort = 443;
    private String url;
    private String caBundlePem;
    private String injectCaFrom;

    private Builder(String operatorNamespace) {
      this.operatorNamespace = Objects.requireNonNull(operatorNamespace, "operatorNamespace");
      if (operatorNamespace.isBlank()) {
        throw new IllegalArgumentException("the operator namespace is required");
      }
    }

    /** In cluster: the apiserver calls {@code service} in {@code namespace} on {@code port}. */
    public Builder service(String namespace, String name, int port) {
      this.serviceNamespace = Objects.requireNonNull(namespace, "namespace");
      this.serviceName = Objects.requireNonNull(name, "name");
      this.servicePort = port;
      this.url = null;
      return this;
    }

    /** Local mode: the apiserver calls {@code baseUrl + path}, e.g. https://127.0.0.1:8443. */
    public Builder url(String baseUrl) {
      URI uri = URI.create(baseUrl);
      if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new IllegalArgumentException("a webhook URL is https://host[:port]: " + baseUrl);
      }
      if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw new IllegalArgumentException("a webhook URL has no query or fragment: " + baseUrl);
      }
      this.url = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
      this.serviceName = null;
      return this;
    }

    /** The PEM CA bundle the apiserver trusts the server with (base64-encoded here). */
    public Builder caBundle(String pem) {
      this.caBundlePem = pem;
      return this;
    }

    /** cert-manager mode: its CA injector fills {@code caBundle} from this Certificate. */
    public Builder certManagerInjectCaFrom(String namespace, String certificate) {
      this.injectCaFrom = namespace + "/" + certificate;
      return this;
    }

    /** More namespaces to exempt, besides the operator's and the system ones. */
    public Builder exemptNamespaces(String... namespaces) {
      exemptNamespaces.addAll(Arrays.asList(namespaces));
      return this;
    }

    public Builder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    public WebhookConfigurations build() {
      if (url == null && serviceName == null) {
        throw new IllegalStateException("set service(...) or url(...)");
      }
      return new WebhookConfigurations(this);
    }
  }
}
