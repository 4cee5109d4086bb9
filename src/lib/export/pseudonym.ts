/**
 * Pseudonymous customer ids: hex SHA-256 of the salt followed by the id (UTF-8). The export
 * computes it in SQL (`sha256(salt || id)`); this is the same function in TypeScript, for tests
 * and for a user checking one id by hand.
 */
import { sha256 } from '../config/sha256';

/** Bytes of randomness in a salt (written as hex: 32 characters). */
export const SALT_BYTES = 16;

/** The pseudonym of `id` under `salt`: the same id and salt always give the same hash. */
export function pseudonym(salt: string, id: string): string {
  const bytes = sha256(new TextEncoder().encode(salt + id));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A salt as hex from random bytes (the caller draws them from crypto.getRandomValues). */
export function saltFromBytes(bytes: Uint8Array): string {
  if (bytes.length < SALT_BYTES) throw new Error(`a salt needs ${SALT_BYTES} random bytes`);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Checks a salt the user typed (to reuse one): non-empty, at most 256 characters, no NUL. */
export function checkSalt(salt: string): string | null {
  if (!salt) return 'The salt is empty: keep the generated one or paste the salt you kept.';
  if (salt.length > 256) return 'The salt is longer than 256 characters.';
  if (salt.includes('\u0000')) return 'The salt may not contain a NUL character.';
  return null;
}
