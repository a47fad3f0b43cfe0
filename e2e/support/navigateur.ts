import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`): no browser is ever downloaded by a tool. */
export const CHROMIUM = process.env.VIVIER_CHROMIUM ?? '/usr/bin/chromium';

const ARGUMENTS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function lancerNavigateur(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium est introuvable (${CHROMIUM}) : installez-le avec « apt-get update && apt-get install -y chromium », ou indiquez son chemin dans VIVIER_CHROMIUM.`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGUMENTS });
}
