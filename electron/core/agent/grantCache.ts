import { createPermissionGrants, type PermissionGrants } from './permissionBroker';

/**
 * The "allow for this conversation" answers, kept per conversation across
 * its runs: the least recently used conversations are forgotten first, so
 * the cache stays bounded however many conversations a long session opens.
 */
export interface GrantCache {
  /** The conversation's grants (created empty the first time); marks it as the most recently used. */
  forConversation(conversationId: string): PermissionGrants;
}

/** Conversations whose "allow for this conversation" answers are remembered. */
export const MAX_REMEMBERED_CONVERSATIONS = 200;

export function createGrantCache(max: number = MAX_REMEMBERED_CONVERSATIONS): GrantCache {
  const grants = new Map<string, PermissionGrants>();
  return {
    forConversation(conversationId) {
      const found = grants.get(conversationId) ?? createPermissionGrants();
      grants.delete(conversationId);
      grants.set(conversationId, found);
      while (grants.size > max) {
        const oldest = grants.keys().next().value;
        if (oldest === undefined) break;
        grants.delete(oldest);
      }
      return found;
    },
  };
}
