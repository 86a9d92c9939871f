'use strict';

const { exec } = require('child_process');
const fs = require('fs');

function pad(text, width, fill) {
  const filler = fill || ' ';
  return filler.repeat(Math.max(0, width - text.length)) + text;
}

function calculate(expression) {
  return eval(expression);
}

function openReport(name) {
  exec('xdg-open ' + name);
}

function readTemplate(name) {
  return fs.readFileSync('templates/' + name, 'utf8');
}

module.exports = { pad, calculate, openReport, readTemplate };
