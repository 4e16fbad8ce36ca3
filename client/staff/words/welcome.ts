/** A welcome link, opened by the person it was made for. */
export const ja = {
  welcomeLoading: "リンクを たしかめています…",
  welcomeTitle: "ようこそ",
  welcomeLead: "{org}の {name}さんの アカウントです。じぶんだけの パスワードを きめてください。ほかの 人は、管理者も、この パスワードを 知りません。",
  resetTitle: "パスワードの 再設定",
  resetLead: "{org}の {name}さんの あたらしい パスワードを きめてください。いまの パスワードは つかえなく なり、ほかの 場所の サインインも おわります。",
  welcomeUntil: "この リンクは 1回だけ、{date}まで つかえます。",
  newPassword: "あたらしい パスワード",
  passwordAgain: "パスワード（もういちど）",
  welcomeSubmit: "パスワードを きめて はじめる",
  resetSubmit: "パスワードを きめて サインイン",
  welcomeBadTitle: "この リンクは つかえません",
  toSignIn: "サインインの ページへ",
} as const;

export const en: Record<keyof typeof ja, string> = {
  welcomeLoading: "Checking the link…",
  welcomeTitle: "Welcome",
  welcomeLead: "This is the account of {name} at {org}. Choose a password of your own: nobody else, your admin included, knows it.",
  resetTitle: "Reset your password",
  resetLead: "Choose a new password for {name} at {org}. The current one stops working, and sign-ins elsewhere end.",
  welcomeUntil: "This link works once, until {date}.",
  newPassword: "New password",
  passwordAgain: "Password (again)",
  welcomeSubmit: "Set my password and start",
  resetSubmit: "Set my password and sign in",
  welcomeBadTitle: "This link can't be used",
  toSignIn: "Go to the sign-in page",
};
