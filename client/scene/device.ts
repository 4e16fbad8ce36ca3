/**
 * Is this a weak device? Then the 3D view starts in low-graphics mode. Decided once per page from
 * what the browser tells us before anything is drawn: few cores, little memory, or WebGL drawn
 * in software (no GPU, as on many locked-down school laptops). A child can always change it in
 * the settings; this is only the starting point.
 */
let verdict: boolean | null = null;

export function weakDevice(): boolean {
  verdict ??= probe();
  return verdict;
}

function probe(): boolean {
  const nav = navigator as Navigator & { deviceMemory?: number };
  if (nav.hardwareConcurrency !== undefined && nav.hardwareConcurrency <= 2) return true;
  if (nav.deviceMemory !== undefined && nav.deviceMemory <= 2) return true;
  return softwareRenderer();
}

const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/** Asks a throwaway WebGL context who draws, then gives the context back at once. */
function softwareRenderer(): boolean {
  try {
    const gl = document.createElement("canvas").getContext("webgl");
    if (!gl) return true;
    const info = gl.getExtension("WEBGL_debug_renderer_info");
    const name = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : String(gl.getParameter(gl.RENDERER));
    gl.getExtension("WEBGL_lose_context")?.loseContext();
    return SOFTWARE.test(name);
  } catch {
    return true;
  }
}
