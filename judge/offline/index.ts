// The offline judge: scores from a trace folder's frames, statuses and log, without any model.
export { judgeOffline } from './judgeOffline.ts';
export { readHudTracks } from './hud.ts';
