/** Signing in, and the server's first start. */
export const ja = {
  pageTitle: "ひだまり — サポーター",
  signInTitle: "サポーターの サインイン",
  username: "ユーザー名",
  password: "パスワード",
  signIn: "サインイン",
  setupTitle: "はじめての せってい",
  setupLead: "この サーバーを はじめて つかいます。団体と 管理者の アカウントを つくってください。",
  organisation: "団体の 名前",
  displayName: "表示名（スペースで みえる 名前）",
  passwordHint: "{min}文字以上",
  usernameHint: "英数字と . _ - で 3〜40文字",
  createAdmin: "管理者を つくる",
} as const;

export const en: Record<keyof typeof ja, string> = {
  pageTitle: "Hidamari — Staff",
  signInTitle: "Staff sign-in",
  username: "User name",
  password: "Password",
  signIn: "Sign in",
  setupTitle: "First start",
  setupLead: "This server is new. Create the organisation and its administrator account.",
  organisation: "Organisation name",
  displayName: "Display name (shown in the space)",
  passwordHint: "at least {min} characters",
  usernameHint: "3–40 letters, digits, . _ -",
  createAdmin: "Create admin",
};
