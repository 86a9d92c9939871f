'use strict';

function matches(pattern, text) {
  const re = new RegExp(pattern);
  return re.test(text);
}

function isNumber(text) {
  return /^(\d+)+$/.test(text);
}

function lookup(table, key) {
  return table[key];
}

module.exports = { matches, isNumber, lookup };
