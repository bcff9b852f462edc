/** Japanese for history, transaction search, cancel approval and 点検/精算 (issue 10). */
export const jaDay = {
  title: '営業日',
};
