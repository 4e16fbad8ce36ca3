import type { Mesh, WebGLRenderer } from "three";

/**
 * Several instanced draws of one mesh in one WebGL call (WEBGL_multi_draw): each part of the
 * character (parts.ts) for the people who wear it. three.js (r187) draws a mesh with a single
 * drawElements; this swaps that one call for the plan's draws while the mesh is being drawn, and
 * nothing else about three's drawing changes (program, uniforms, buffers are bound as ever).
 * Without the extension (some older tablets) the draws are made one by one, the program told
 * which through the `figureDraw` uniform.
 */
export interface DrawPlan {
  /** Draws this frame, then per draw: indices, where they start (bytes), and how many people. */
  draws: number;
  counts: Int32Array;
  offsets: Int32Array;
  instances: Int32Array;
  /** Triangles drawn in all (for renderer.info, which the budgets read). */
  triangles: number;
}

export const hasMultiDraw = (renderer: WebGLRenderer): boolean => renderer.extensions.has("WEBGL_multi_draw");

export function drawInParts(mesh: Mesh, plan: DrawPlan): void {
  let gl: WebGL2RenderingContext | null = null;
  let multi: WEBGL_multi_draw | null = null;
  const draw = (mode: GLenum, _count: GLsizei, type: GLenum): void => {
    if (!gl) return;
    if (multi) {
      multi.multiDrawElementsInstancedWEBGL(mode, plan.counts, 0, type, plan.offsets, 0, plan.instances, 0, plan.draws);
      return;
    }
    const at = gl.getUniformLocation(gl.getParameter(gl.CURRENT_PROGRAM) as WebGLProgram, "figureDraw");
    for (let i = 0; i < plan.draws; i++) {
      gl.uniform1i(at, i);
      gl.drawElementsInstanced(mode, plan.counts[i] ?? 0, type, plan.offsets[i] ?? 0, plan.instances[i] ?? 0);
    }
  };
  mesh.onBeforeRender = (renderer) => {
    gl = renderer.getContext() as WebGL2RenderingContext;
    multi = hasMultiDraw(renderer) ? (renderer.extensions.get("WEBGL_multi_draw") as WEBGL_multi_draw) : null;
    // An own property shadows the prototype's method for this one draw; onAfterRender removes it.
    (gl as unknown as Record<string, unknown>).drawElements = draw;
  };
  mesh.onAfterRender = (renderer) => {
    if (gl) delete (gl as unknown as Record<string, unknown>).drawElements;
    // three counted one call of the whole index buffer; the budgets count what was drawn.
    const info = renderer.info.render;
    info.triangles += plan.triangles - (mesh.geometry.index?.count ?? 0) / 3;
    if (!multi) info.calls += plan.draws - 1;
  };
}
