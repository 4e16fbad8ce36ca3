/** The built models' addresses, by the ids of assets/manifest.ts (scripts/assets/vitePlugin.ts). */
declare module "virtual:hidamari-assets" {
  const urls: Readonly<Record<string, string>>;
  export default urls;
}
