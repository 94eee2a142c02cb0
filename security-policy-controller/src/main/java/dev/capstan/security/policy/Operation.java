package dev.capstan.security.policy;

/** The admission operation. Only CREATE and UPDATE are evaluated. */
public enum Operation {
  CREATE,
  UPDATE,
  DELETE,
  CONNECT
}
