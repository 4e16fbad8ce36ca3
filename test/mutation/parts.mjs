/**
 * The parts of `npm run mutation`: each folder that guards people and data, mutated against the
 * tests that pin its rules down. A part's tests all run for each of its "static" mutants (code
 * run when a module loads or while a test file starts its server, not inside one test), so each
 * part keeps to the tests that speak about it; a rule only tested elsewhere shows up as a
 * survivor, and the fix is a test where it belongs.
 */
/**
 * The lesson and the corners' handlers, and the classroom's state: rules that only their own
 * tests (lesson, polls, tables…) pin down. In the rooms part they met none of those tests, and
 * most of their mutants were not run at all (NoCoverage).
 */
const CLASSROOM = ["lesson", "polls", "tables", "atTable", "seat", "pin", "consent", "deck", "study", "exhibit", "looking", "checkIn"]
  .map((name) => `server/rooms/handlers/${name}.ts`)
  .concat("server/rooms/Classroom.ts", "server/rooms/StudyCorner.ts");

export const PARTS = {
  shared: {
    mutate: ["shared/domain/**/*.ts", "shared/protocol/**/*.ts", "shared/research/**/*.ts"],
    tests: ["test/unit/**/*.test.ts"],
  },
  access: {
    mutate: ["server/auth/**/*.ts", "server/http/**/*.ts"],
    tests: ["test/integration/authorisation.test.ts", "test/integration/access.test.ts", "test/integration/auth.test.ts", "test/integration/door.test.ts", "test/integration/board.test.ts", "test/integration/cors.test.ts", "test/integration/static.test.ts", "test/integration/federation.test.ts", "test/integration/welcome-links.test.ts", "test/integration/plaza.test.ts"],
  },
  // A narrower run of access's sign-in rules, for a change to them (minutes, not the hours of
  // access's static mutants): who a cookie speaks for, a join's identity, a returning link.
  signin: {
    mutate: ["server/auth/signedIn.ts", "server/auth/identify.ts", "server/auth/sessions.ts", "server/http/guard.ts"],
    tests: ["test/integration/authorisation.test.ts", "test/integration/access.test.ts", "test/integration/auth.test.ts", "test/integration/school-sign-in.test.ts"],
  },
  // What a space hears from outside itself (server/rooms/watchers.ts): the board and the wall
  // changing, a plaza's event ending, a child signed out, blocked or no longer let in.
  watchers: {
    mutate: ["server/rooms/watchers.ts"],
    tests: ["test/integration/authorisation.test.ts", "test/integration/access.test.ts", "test/integration/board.test.ts", "test/integration/exhibits.test.ts", "test/integration/plaza.test.ts"],
  },
  research: {
    mutate: ["server/research/**/*.ts"],
    tests: ["test/integration/research.test.ts", "test/integration/research-*.test.ts", "test/integration/xapi-store.test.ts"],
  },
  rights: {
    mutate: ["server/rights/**/*.ts", "server/http/rights.ts", "server/retention.ts"],
    tests: ["test/integration/rights.test.ts", "test/integration/retention.test.ts"],
  },
  rooms: {
    mutate: ["server/rooms/dispatch.ts", "server/rooms/door.ts", "server/rooms/spaceContext.ts", "server/rooms/handlers/**/*.ts", "!server/rooms/handlers/voice.ts", ...CLASSROOM.map((file) => `!${file}`)],
    tests: [
      "test/integration/space.test.ts",
      "test/integration/hosting.test.ts",
      "test/integration/sharing.test.ts",
      "test/integration/supervision.test.ts",
      "test/integration/walks.test.ts",
      "test/integration/authorisation.test.ts",
      "test/integration/plaza.test.ts",
      "test/integration/rooms-*.test.ts",
    ],
  },
  classroom: {
    mutate: CLASSROOM,
    tests: [
      "test/integration/lesson.test.ts",
      "test/integration/polls.test.ts",
      "test/integration/tables.test.ts",
      "test/integration/pin.test.ts",
      "test/integration/decks.test.ts",
      "test/integration/study.test.ts",
      "test/integration/exhibits.test.ts",
      "test/integration/looking.test.ts",
      "test/integration/cushions.test.ts",
      "test/integration/check-in.test.ts",
      // What a plaza refuses: a child's work asked for a wall that is not there.
      "test/integration/plaza.test.ts",
      // Every message × every role that may not send it.
      "test/integration/rooms-denials.test.ts",
      // The questions kept for a teacher who never answers.
      "test/unit/classroom.test.ts",
    ],
  },
  // A person's seat in a space: opening it, coming in, a dropped link kept and taken back, one
  // person one avatar, leaving, the unsupervised minute, closing (server/rooms/SpaceRoom.ts).
  seats: {
    mutate: ["server/rooms/SpaceRoom.ts"],
    tests: [
      "test/integration/space.test.ts",
      "test/integration/resilience.test.ts",
      "test/integration/supervision.test.ts",
      "test/integration/hosting.test.ts",
      "test/integration/authorisation.test.ts",
      "test/integration/plaza.test.ts",
      "test/integration/rooms-presence.test.ts",
      "test/integration/rooms-moderation.test.ts",
      "test/integration/rooms-privacy.test.ts",
      // A self-study desk is a seat too: a child leaving stands up from it.
      "test/integration/study.test.ts",
      // A page back on its kept seat is told table time ended meanwhile.
      "test/integration/tables.test.ts",
    ],
  },
  voice: {
    // Who hears whom, who may speak, what staff may stop: the talks, their grants and the voice messages.
    mutate: ["server/rooms/handlers/voice.ts", "server/rooms/voice/**/*.ts"],
    // voice-janus: the media server's grants (MediaGrants), against a real Janus in a network namespace (root).
    tests: ["test/integration/voice.test.ts", "test/integration/voice-ice.test.ts", "test/integration/voice-janus.test.ts", "test/unit/voice.test.ts"],
  },
};
