// Mapping presets saved in this browser (docs/formats.md "Mapping presets"):
// a column mapping with the header signature it was made for. The worker
// applies a preset to any later file whose header signature is the same.
// Nothing leaves the browser: the presets live in localStorage.

export const PRESET_SCHEMA = 'kpi-lens/mapping-preset@1';
const STORAGE_KEY = 'kpi-lens.mapping-presets';
const MAX_PRESETS = 100;

function isPreset(p) {
  return p && typeof p === 'object' && typeof p.name === 'string' && p.name.trim() !== '' &&
    Array.isArray(p.signature) && p.signature.every((s) => typeof s === 'string') &&
    p.mapping && typeof p.mapping === 'object' && !Array.isArray(p.mapping);
}

/** The saved presets, oldest first; unreadable storage or entries are skipped. */
export function loadPresets(storage = globalThis.localStorage) {
  try {
    const list = JSON.parse(storage?.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(list) ? list.filter(isPreset) : [];
  } catch {
    return [];
  }
}

/**
 * Saves a preset for `signature` (an inspection's signature). A preset with the same
 * name or the same signature is replaced: one header, one mapping. Returns the preset.
 */
export function savePreset(name, signature, mapping, storage = globalThis.localStorage) {
  const preset = { schema: PRESET_SCHEMA, name: String(name).trim(), signature: [...signature], mapping };
  if (!isPreset(preset)) throw new TypeError('savePreset: needs a name, a signature and a mapping');
  const same = (p) => p.name === preset.name ||
    (p.signature.length === preset.signature.length && p.signature.every((s, i) => s === preset.signature[i]));
  const list = [...loadPresets(storage).filter((p) => !same(p)), preset].slice(-MAX_PRESETS);
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(list));
  } catch { /* storage full or disabled: the preset still applies to this re-read */ }
  return preset;
}
