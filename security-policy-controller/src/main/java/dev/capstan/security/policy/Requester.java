package dev.capstan.security.policy;

/** Who asks to use a policy: the pod's service account, or the requesting user. */
public sealed interface Requester {

  /** The pod's spec.serviceAccountName in the pod's namespace. */
  record ServiceAccount(String namespace, String name) implements Requester {
    /** The username the apiserver gives this service account. */
    public String username() {
      return "system:serviceaccount:" + namespace + ":" + name;
    }

    @Override
    public String toString() {
      return "service account " + namespace + "/" + name;
    }
  }

  /** The user that sent the request. */
  record User(UserInfo info) implements Requester {
    @Override
    public String toString() {
      return "user " + info.username();
    }
  }
}
