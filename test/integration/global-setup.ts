import { testBridgeForRun } from "../support/testBridge.ts";

/** The Janus tests' namespaces join the host through the test bridge (test/support/testBridge.ts): made before them, removed after. */
export default function setup(): () => void {
  return testBridgeForRun();
}
