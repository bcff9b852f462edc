/**
 * Reads and writes the config file the host names. A missing file is the default config (first
 * run); an unreadable or invalid one is an error with the reason, never silently replaced.
 * Writes go to a temporary file renamed over the old one, so a crash never leaves half a file.
 */
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HardwareError } from '../errors';
import { HARDWARE_LIMITS } from '../limits';
import { DEFAULT_CONFIG, hardwareConfig } from './config-schema';
import type { HardwareConfig } from './config-schema';

export function parseConfig(input: unknown): HardwareConfig {
  const result = hardwareConfig.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
    throw new HardwareError('config_invalid', `device configuration is invalid: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`, { issues });
  }
  return result.data;
}

function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

export async function loadConfig(configPath: string, initial: HardwareConfig = DEFAULT_CONFIG): Promise<{ config: HardwareConfig; fromFile: boolean }> {
  let text: string;
  try {
    const info = await stat(configPath);
    if (info.size > HARDWARE_LIMITS.configFileBytesMax) {
      throw new HardwareError('config_unreadable', `${configPath} is ${info.size} bytes; a device config is at most ${HARDWARE_LIMITS.configFileBytesMax}`);
    }
    text = await readFile(configPath, 'utf8');
  } catch (error) {
    if (isMissing(error)) return { config: initial, fromFile: false };
    if (error instanceof HardwareError) throw error;
    throw new HardwareError('config_unreadable', `cannot read ${configPath}`, { path: configPath }, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new HardwareError('config_invalid', `${configPath} is not JSON`, { path: configPath }, { cause: error });
  }
  return { config: parseConfig(json), fromFile: true };
}

export async function saveConfig(configPath: string, config: HardwareConfig): Promise<void> {
  const temporary = `${configPath}.${process.pid}.tmp`;
  try {
    await mkdir(path.dirname(configPath), { recursive: true });
    await writeFile(temporary, `${JSON.stringify(config, null, 2)}\n`, { encoding: 'utf8', mode: 0o600 });
    await rename(temporary, configPath);
  } catch (error) {
    throw new HardwareError('config_write_failed', `cannot write ${configPath}`, { path: configPath }, { cause: error });
  }
}
