export { canvasCsvFormat, canvasOutcomesCsv, canvasHeader, CANVAS_COLUMNS, CANVAS_RATINGS } from './canvas.js';
export { moodleCsvFormat, moodleFrameworkCsv, MOODLE_HEADER, MOODLE_SCALE, MOODLE_SCALE_CONFIGURATION } from './moodle.js';
