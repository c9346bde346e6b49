/** What the bevy rules share: which bevy a member builds with, and whether a name is bevy's. */
import type { Package } from '../../project/model.js';
import { versionOf } from '../../source/gates.js';

/** Bevy's own crates: they are released together, so any of them tells the bevy version. */
const BEVY_CRATES = ['bevy', 'bevy_internal', 'bevy_ecs', 'bevy_app', 'bevy_time', 'bevy_sprite', 'bevy_ui', 'bevy_render', 'bevy_core_pipeline', 'bevy_scene', 'bevy_hierarchy', 'bevy_transform', 'bevy_asset'];

/** The bevy version of a member: `bevy` in Cargo.lock (else its requirement's minimum), else one of bevy's own crates. */
export function bevyVersion(member: Package): string | null {
  for (const name of BEVY_CRATES) {
    const version = versionOf(member, name);
    if (version) return version;
  }
  return null;
}

/** Bevy's own `bevy_*` crates (third-party `bevy_egui`, `bevy_rapier2d`… are not bevy). */
const OWN = 'a11y|animation|anti_alias|app|asset|audio|camera|color|core_pipeline|derive|dev_tools|diagnostic|ecs|gilrs|gizmos|gltf|hierarchy|image|input|input_focus|internal|light|log|math|mesh|pbr|picking|platform|reflect|render|scene|sprite|sprite_render|state|tasks|text|time|transform|ui|ui_render|ui_widgets|utils|window|winit|world_serialization';

/** A path that leads into bevy: `bevy::…` or one of its own `bevy_*` crates. */
export const BEVY_PATH = new RegExp(`^(?:::)?bevy(?:_(?:${OWN}))?(?:::|$)`);
