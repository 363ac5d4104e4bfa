// Not an island: names starting with "_" are skipped by discovery.
export const notAnIsland = true;
