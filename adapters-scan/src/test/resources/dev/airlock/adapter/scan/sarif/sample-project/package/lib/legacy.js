'use strict';

// Written for a parser that accepted this; ESLint cannot read it.
module.exports = function legacy( {
