export { freePort } from "../../server/demo/port.ts";
