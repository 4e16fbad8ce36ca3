import { describe, expect, it } from "vitest";

/**
 * Every module of shared/ loads on its own. The tables in them (capabilities, zones, walls,
 * furniture, schemas) are built when the module loads, and a table that cannot be built throws
 * there, taking the server and every page down with it.
 *
 * The modules are imported inside the tests on purpose: a module that throws while a test file
 * imports it fails the file with "no tests", which test runners (and StrykerJS's vitest runner,
 * which then counts the mutant that broke it as surviving) do not report as a failed test.
 */
const modules = import.meta.glob(["../../shared/domain/*.ts", "../../shared/protocol/*.ts", "../../shared/research/*.ts"]);

describe("shared modules", () => {
  it("are all found", () => {
    expect(Object.keys(modules).length).toBeGreaterThanOrEqual(18);
  });

  for (const [path, load] of Object.entries(modules)) {
    it(`${path.replace("../../", "")} loads and exports something`, async () => {
      const module = (await load()) as Record<string, unknown>;
      expect(Object.keys(module).length).toBeGreaterThan(0);
    });
  }
});
