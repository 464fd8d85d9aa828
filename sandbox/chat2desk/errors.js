'use strict';
// Error bodies in the shapes the real API uses (see the reference, section 1.4 / 7.3).
const { HttpError } = require('./http');

/** 400-style error: `{"status":"error","message":…,"errors":{field:[…]}}`. */
function validationError(field, text, status) {
	return new HttpError(status || 400, {
		status: 'error',
		message: text,
		errors: { [field]: [text] },
	});
}

/** Error with a free-form `errors` value (object of field → list, or a plain string). */
function apiError(status, message, errors) {
	const body = { status: 'error', message };
	if (errors !== undefined) body.errors = errors;
	return new HttpError(status, body);
}

/** 404: `{"status":"error","message":"not_found","errors":"Client not found"}`. */
function notFound(what) {
	return new HttpError(404, { status: 'error', message: 'not_found', errors: `${what} not found` });
}

module.exports = { validationError, apiError, notFound };
